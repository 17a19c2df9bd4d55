-- The 'tdengine' catalog through sql-client.sh on the session cluster, against tdlite at
-- ${TDLITE}: databases, the tables of power, and a query on power.meters without any DDL.
SET 'execution.runtime-mode' = 'batch';
SET 'sql-client.execution.result-mode' = 'tableau';

CREATE CATALOG td WITH (
    'type' = 'tdengine',
    'td.jdbc.url' = 'jdbc:TAOS-WS://${TDLITE}',
    'user' = 'root',
    'password' = 'taosdata'
);
USE CATALOG td;
SHOW DATABASES;
USE power;
SHOW TABLES;
SELECT COUNT(*) AS n, SUM(voltage) AS volts FROM meters;
