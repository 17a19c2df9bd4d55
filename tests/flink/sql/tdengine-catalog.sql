-- The 'tdengine' catalog through sql-client.sh on the session cluster, against tdlite at
-- ${TDLITE}, with no CREATE TABLE: databases, the tables of power, a query on power.meters
-- and an insert of every row into power_copy.meters (created by the test). POWER is a
-- reserved word of Flink SQL, hence the backquotes.
SET 'execution.runtime-mode' = 'batch';
SET 'sql-client.execution.result-mode' = 'tableau';
SET 'table.dml-sync' = 'true';

CREATE CATALOG td WITH (
    'type' = 'tdengine',
    'td.jdbc.url' = 'jdbc:TAOS-WS://${TDLITE}',
    'user' = 'root',
    'password' = 'taosdata'
);
USE CATALOG td;
SHOW DATABASES;
SHOW TABLES FROM `power`;
SELECT COUNT(*) AS n, SUM(voltage) AS volts FROM `power`.meters;
INSERT INTO power_copy.meters SELECT * FROM `power`.meters;
