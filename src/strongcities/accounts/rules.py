"""Permission predicates of the accounts app."""

import rules

from strongcities.core.predicates import is_focal_point_of, is_secretariat

# The city's team page: its focal points and the secretariat (the object is the city).
rules.add_perm("accounts.manage_team", is_secretariat | is_focal_point_of)
