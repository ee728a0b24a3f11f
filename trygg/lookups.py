"""Lookups that keep hostile numbers away from the database.

Django already turns exact, greater-than and less-than lookups with integers
outside a column's range into "no rows" (or "all rows"); ``in`` still sends
them, which SQLite refuses with OverflowError. Such a value can never match a
row, so it is left out.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
