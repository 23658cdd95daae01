package io.sluice.local.internal.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Makes directory entries durable, where the platform allows it. Stateless. */
final class FileSync {

    private FileSync() {
    }

    /** Forces a directory's entries (a new or renamed file) to disk when {@code enabled}. */
    static void directory(Path dir, boolean enabled) {
        if (!enabled) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException unsupported) {
            // Some platforms (Windows) cannot open a directory; their file systems order metadata themselves.
        }
    }
}
