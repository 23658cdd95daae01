-- Clicks per page per minute. The input stream's columns come from the application's input schema; quoted names
-- keep their case ("page"), unquoted names are upper-cased.
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (page VARCHAR(64), clicks BIGINT, window_start TIMESTAMP);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS
  INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM "page", COUNT(*), STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE)
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY "page", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE);
