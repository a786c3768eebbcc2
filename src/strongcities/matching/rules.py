"""Permission predicates of the matching app (django-rules)."""

import rules

from strongcities.core.predicates import is_network_member, is_secretariat

# A city's recommendations (peer cities, practices): network members; each practice is still
# filtered by what the reader may see.
rules.add_perm("matching.view_recommendations", is_network_member)
# The recomputation status page and its "recompute now" button.
rules.add_perm("matching.manage_matching", is_secretariat)
