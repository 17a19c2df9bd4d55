"""The smart-meter data the TDengine tests load into tdlite and read back (taosws)."""

SCHEMA = "(ts TIMESTAMP, `current` FLOAT, voltage INT, phase FLOAT) TAGS (groupid INT, location VARCHAR(24))"
COLUMNS = "ts, `current`, voltage, phase, location, groupid, tbname"


def load(conn):
    """power.meters: 3 subtables of 4 rows (values exact in FLOAT), and an empty
    power_copy.meters for sinks to write into. Returns (rows, sum of voltage)."""
    for db in ("power", "power_copy"):
        conn.execute(f"CREATE DATABASE {db}")
        conn.execute(f"CREATE STABLE {db}.meters {SCHEMA}")
    rows = volts = 0
    for group in range(3):
        values = []
        for i in range(4):
            voltage = 218 + group + i
            rows, volts = rows + 1, volts + voltage
            values.append(f"({1700000000000 + i * 1000}, {10 + group + i * 0.25}, {voltage}, {0.5 * i})")
        conn.execute(f"INSERT INTO power.d{group} USING power.meters TAGS ({group}, 'plant-{group}') "
                     f"VALUES {' '.join(values)}")
    return rows, volts


def read(conn, db):
    """Every row of DB.meters with its tags and table name, sorted."""
    return sorted(tuple(row) for row in conn.query(f"select {COLUMNS} from {db}.meters"))
