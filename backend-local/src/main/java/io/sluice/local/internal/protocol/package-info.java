/**
 * The AWS JSON 1.1 and CBOR encodings (the only code that tells them apart), AWS's timestamp forms, the error
 * codes and the validation wording.
 */
package io.sluice.local.internal.protocol;
