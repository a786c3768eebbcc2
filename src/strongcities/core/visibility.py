"""Who counts as the secretariat and as a member of the network.

These are the audiences of the confidentiality rule (DESIGN.md): the visibility levels and the
one queryset filter every confidential model reads through arrive with the first confidential
content, the practice library.
"""


def is_secretariat(user) -> bool:
    return bool(user and user.is_authenticated and user.is_secretariat)


def is_network_member(user) -> bool:
    """Any user of a member city, or the secretariat."""
    if not (user and user.is_authenticated):
        return False
    return user.is_secretariat or bool(user.member_city_ids)
