-- Our connector through sql-client.sh on the session cluster, against tdlite at ${TDLITE}:
-- a query on power.meters and an insert of every row into power_copy.meters (created by the
-- test, which checks the printed result and the copy).
SET 'execution.runtime-mode' = 'batch';
SET 'sql-client.execution.result-mode' = 'tableau';
SET 'table.dml-sync' = 'true';

CREATE TABLE src (
    ts TIMESTAMP(3),
    `current` FLOAT,
    voltage INT,
    phase FLOAT,
    location STRING,
    groupid INT,
    tbname STRING
) WITH (
    'connector' = 'tdengine-connector',
    'td.jdbc.mode' = 'source',
    'td.jdbc.url' = 'jdbc:TAOS-WS://${TDLITE}/power',
    'user' = 'root',
    'password' = 'taosdata',
    'scan.query' = 'select ts, `current`, voltage, phase, location, groupid, tbname from meters'
);

CREATE TABLE sink (
    ts TIMESTAMP(3),
    `current` FLOAT,
    voltage INT,
    phase FLOAT,
    location STRING,
    groupid INT,
    tbname STRING
) WITH (
    'connector' = 'tdengine-connector',
    'td.jdbc.mode' = 'sink',
    'td.jdbc.url' = 'jdbc:TAOS-WS://${TDLITE}/power_copy',
    'user' = 'root',
    'password' = 'taosdata',
    'sink.db.name' = 'power_copy',
    'sink.supertable.name' = 'meters'
);

SELECT COUNT(*) AS n, SUM(voltage) AS volts FROM src;
INSERT INTO sink SELECT * FROM src;
