from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """People join through invitations and approved applications, not open sign-up."""

    def is_open_for_signup(self, request) -> bool:
        return False
