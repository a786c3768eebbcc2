"""Who may do what with cities and membership applications."""

import rules

from strongcities.core.predicates import is_focal_point_of, is_network_member, is_secretariat

rules.add_perm("members.review_application", is_secretariat)
rules.add_perm("members.change_city", is_secretariat | is_focal_point_of)
rules.add_perm("members.view_team_names", is_network_member)
