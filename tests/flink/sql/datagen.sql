-- Proves the SQL-client harness with Flink's own connectors only: a catalog, a query and an
-- insert, run by sql-client.sh on the session cluster. ${OUT} is a folder the test reads back.
SET 'execution.runtime-mode' = 'batch';
SET 'sql-client.execution.result-mode' = 'tableau';
SET 'table.dml-sync' = 'true';

CREATE CATALOG mem WITH ('type' = 'generic_in_memory');
USE CATALOG mem;
CREATE DATABASE plant;
USE plant;

CREATE TABLE readings (
    id BIGINT,
    voltage INT
) WITH (
    'connector' = 'datagen',
    'number-of-rows' = '10',
    'fields.id.kind' = 'sequence',
    'fields.id.start' = '1',
    'fields.id.end' = '10',
    'fields.voltage.min' = '200',
    'fields.voltage.max' = '240'
);

CREATE TABLE readings_copy (
    id BIGINT,
    voltage INT
) WITH (
    'connector' = 'filesystem',
    'path' = '${OUT}',
    'format' = 'csv'
);

SHOW TABLES;
SELECT COUNT(*) AS n, SUM(id) AS ids FROM readings;
INSERT INTO readings_copy SELECT id, voltage FROM readings;
