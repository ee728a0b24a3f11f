"""SQL for a PostgreSQL trigger that keeps counts of a table's rows current.

An AFTER row trigger: an update that changes none of ``fields`` does nothing; otherwise the old
row is taken out (``upsert("OLD", "-")``) and the new row put in (``upsert("NEW", "+")``), so
inserts, updates (bulk ones too) and deletes keep the counts equal to counting the rows. Apps
write the upsert for their own count tables (governance.rollups, incidents.map_cells).
"""


def counting_trigger(name, table, fields, upsert):
    """CREATE statements of the function and trigger ``name`` on ``table``."""
    unchanged = " AND ".join(f"OLD.{field} IS NOT DISTINCT FROM NEW.{field}" for field in fields)
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND {unchanged} THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    {upsert("OLD", "-")}
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    {upsert("NEW", "+")}
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {name} ON {table};
CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table}
  FOR EACH ROW EXECUTE FUNCTION {name}();
"""


def drop_counting_trigger(name, table):
    return f"""
DROP TRIGGER IF EXISTS {name} ON {table};
DROP FUNCTION IF EXISTS {name}();
"""
