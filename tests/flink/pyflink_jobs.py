"""Table API jobs in Python. PyFlink runs them in local mode (its own mini cluster in the JVM
it starts); the connector jar reaches that JVM's jobs through `pipeline.jars`."""

import pathlib

from pyflink.table import DataTypes, EnvironmentSettings, Schema, TableDescriptor, TableEnvironment
from pyflink.table.expressions import col


def table_environment(jar):
    t_env = TableEnvironment.create(EnvironmentSettings.in_batch_mode())
    t_env.get_config().set("pipeline.jars", pathlib.Path(jar).resolve().as_uri())
    return t_env


def collect(table):
    with table.execute().collect() as rows:
        return [tuple(row) for row in rows]


def datagen_copy(t_env, rows, out):
    """Generates ids 1..ROWS with voltages, copies them into CSV files under OUT and returns
    [(count, sum of ids)] computed by the Table API."""
    t_env.create_temporary_table("readings", TableDescriptor.for_connector("datagen")
                                 .schema(Schema.new_builder()
                                         .column("id", DataTypes.BIGINT())
                                         .column("voltage", DataTypes.INT())
                                         .build())
                                 .option("number-of-rows", str(rows))
                                 .option("fields.id.kind", "sequence")
                                 .option("fields.id.start", "1")
                                 .option("fields.id.end", str(rows))
                                 .option("fields.voltage.min", "200")
                                 .option("fields.voltage.max", "240")
                                 .build())
    t_env.create_temporary_table("readings_copy", TableDescriptor.for_connector("filesystem")
                                 .schema(Schema.new_builder()
                                         .column("id", DataTypes.BIGINT())
                                         .column("voltage", DataTypes.INT())
                                         .build())
                                 .option("path", str(out))
                                 .format("csv")
                                 .build())
    readings = t_env.from_path("readings")
    readings.execute_insert("readings_copy").wait()
    return collect(readings.select(col("id").count.alias("n"), col("id").sum.alias("ids")))


def meters_schema():
    """power.meters' columns and tags, with the subtable's name (built on call: Schema talks
    to the JVM, which must not start at import)."""
    return (Schema.new_builder()
            .column("ts", DataTypes.TIMESTAMP(3))
            .column("current", DataTypes.FLOAT())
            .column("voltage", DataTypes.INT())
            .column("phase", DataTypes.FLOAT())
            .column("location", DataTypes.STRING())
            .column("groupid", DataTypes.INT())
            .column("tbname", DataTypes.STRING())
            .build())


def tdengine(mode, url, **options):
    descriptor = (TableDescriptor.for_connector("tdengine-connector").schema(meters_schema())
                  .option("td.jdbc.mode", mode).option("td.jdbc.url", url)
                  .option("user", "root").option("password", "taosdata"))
    for key, value in options.items():
        descriptor = descriptor.option(key, value)
    return descriptor.build()


def tdengine_copy(t_env, address):
    """Copies power.meters into power_copy.meters on the TDengine server at ADDRESS and
    returns [(location, rows, sum of voltage)] of the source, by location."""
    t_env.create_temporary_table("src", tdengine(
        "source", f"jdbc:TAOS-WS://{address}/power",
        **{"scan.query": "select ts, `current`, voltage, phase, location, groupid, tbname from meters"}))
    t_env.create_temporary_table("sink", tdengine(
        "sink", f"jdbc:TAOS-WS://{address}/power_copy",
        **{"sink.db.name": "power_copy", "sink.supertable.name": "meters"}))
    source = t_env.from_path("src")
    source.execute_insert("sink").wait()
    return collect(source.group_by(col("location"))
                   .select(col("location"), col("voltage").count, col("voltage").sum))
