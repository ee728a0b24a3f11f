"""Per-round aggregates of survey answers (``dialog.AnswerCount``), kept current by the database.

Answers of complete responses are counted per survey × question × item × option × the
respondent's locality × gender × the 250 m cell of a marked place. PostgreSQL triggers move the
counts: on dialog_answer for every insert, update and delete (while its response is complete),
and on dialog_response when it becomes complete or incomplete or changes survey, locality or
gender (all its answers move). ``rebuild()`` counts everything anew; ``differences()`` compares
with the raw answers. The cell follows incidents.grid (settings.MAP_BOUNDS at migration time:
rebuild after changing it).

``available()``: PostgreSQL and settings.PICTURE_ROLLUPS; otherwise dialog.insecurity counts
the raw answers.
"""

from django.conf import settings
from django.db import connection

from incidents.grid import grid_steps

TABLE = "dialog_answercount"
KEY = "survey_id, question_id, item_id, option_id, locality_id, gender, cell_y, cell_x"


def _cells(latitude, longitude):
    lat_step, lon_step = grid_steps()
    return (f"COALESCE(FLOOR(({latitude})::double precision / {lat_step!r})::integer, 0)",
            f"COALESCE(FLOOR(({longitude})::double precision / {lon_step!r})::integer, 0)")


def _function():
    cell_y, cell_x = _cells("a_latitude", "a_longitude")
    return f"""
CREATE OR REPLACE FUNCTION dialog_answer_count_add(
  r_survey bigint, a_question bigint, a_item bigint, a_option bigint, r_locality bigint, r_gender text,
  a_latitude numeric, a_longitude numeric, delta integer) RETURNS void AS $$
BEGIN
  INSERT INTO {TABLE} ({KEY}, answers)
  VALUES (r_survey, a_question, a_item, a_option, COALESCE(r_locality, 0), r_gender, {cell_y}, {cell_x}, delta)
  ON CONFLICT ({KEY}) DO UPDATE SET answers = {TABLE}.answers + EXCLUDED.answers;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION dialog_answer_count_answer() RETURNS trigger AS $$
DECLARE r dialog_response%ROWTYPE;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT * INTO r FROM dialog_response WHERE id = OLD.response_id;
    IF FOUND AND r.is_complete THEN
      PERFORM dialog_answer_count_add(r.survey_id, OLD.question_id, OLD.item_id, OLD.option_id, r.locality_id,
                                      r.gender, OLD.latitude, OLD.longitude, -1);
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT * INTO r FROM dialog_response WHERE id = NEW.response_id;
    IF FOUND AND r.is_complete THEN
      PERFORM dialog_answer_count_add(r.survey_id, NEW.question_id, NEW.item_id, NEW.option_id, r.locality_id,
                                      r.gender, NEW.latitude, NEW.longitude, 1);
    END IF;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION dialog_answer_count_response() RETURNS trigger AS $$
DECLARE a dialog_answer%ROWTYPE;
BEGIN
  IF OLD.is_complete IS NOT DISTINCT FROM NEW.is_complete AND OLD.survey_id IS NOT DISTINCT FROM NEW.survey_id
     AND OLD.locality_id IS NOT DISTINCT FROM NEW.locality_id AND OLD.gender IS NOT DISTINCT FROM NEW.gender THEN
    RETURN NULL;
  END IF;
  FOR a IN SELECT * FROM dialog_answer WHERE response_id = NEW.id LOOP
    IF OLD.is_complete THEN
      PERFORM dialog_answer_count_add(OLD.survey_id, a.question_id, a.item_id, a.option_id, OLD.locality_id,
                                      OLD.gender, a.latitude, a.longitude, -1);
    END IF;
    IF NEW.is_complete THEN
      PERFORM dialog_answer_count_add(NEW.survey_id, a.question_id, a.item_id, a.option_id, NEW.locality_id,
                                      NEW.gender, a.latitude, a.longitude, 1);
    END IF;
  END LOOP;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS dialog_answer_count_answer ON dialog_answer;
CREATE TRIGGER dialog_answer_count_answer AFTER INSERT OR UPDATE OR DELETE ON dialog_answer
  FOR EACH ROW EXECUTE FUNCTION dialog_answer_count_answer();
DROP TRIGGER IF EXISTS dialog_answer_count_response ON dialog_response;
CREATE TRIGGER dialog_answer_count_response AFTER UPDATE ON dialog_response
  FOR EACH ROW EXECUTE FUNCTION dialog_answer_count_response();
"""


DROP = """
DROP TRIGGER IF EXISTS dialog_answer_count_answer ON dialog_answer;
DROP TRIGGER IF EXISTS dialog_answer_count_response ON dialog_response;
DROP FUNCTION IF EXISTS dialog_answer_count_answer();
DROP FUNCTION IF EXISTS dialog_answer_count_response();
DROP FUNCTION IF EXISTS dialog_answer_count_add(bigint, bigint, bigint, bigint, bigint, text, numeric, numeric, integer);
"""


def _raw_select():
    cell_y, cell_x = _cells("a.latitude", "a.longitude")
    return (f"SELECT r.survey_id, a.question_id, a.item_id, a.option_id, COALESCE(r.locality_id, 0), r.gender, "
            f"{cell_y}, {cell_x} FROM dialog_answer a JOIN dialog_response r ON r.id = a.response_id "
            f"WHERE r.is_complete")


def rebuild_sql():
    return (f"DELETE FROM {TABLE}; INSERT INTO {TABLE} ({KEY}, answers) "
            f"SELECT *, COUNT(*) FROM ({_raw_select()}) raw GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;")


def available():
    return connection.vendor == "postgresql" and getattr(settings, "PICTURE_ROLLUPS", True)


def install(schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(_function(), None)  # no parameters: the "%" of %ROWTYPE stays
    schema_editor.execute(rebuild_sql())


def uninstall(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


def rebuild():
    with connection.cursor() as cursor:
        cursor.execute(rebuild_sql())


def differences():
    """Groups where the aggregates and the raw answers disagree; empty is right."""
    with connection.cursor() as cursor:
        cursor.execute(f"""
            SELECT {KEY}, SUM(counted), SUM(raw) FROM (
              SELECT {KEY}, answers AS counted, 0 AS raw FROM {TABLE}
              UNION ALL
              SELECT *, 0, 1 FROM ({_raw_select()}) answers_now ({KEY})
            ) counts GROUP BY {KEY} HAVING SUM(counted) <> SUM(raw)
        """)
        return cursor.fetchall()
