"""The begeleider: an outside adviser linked to organisations by their coordinators'
invitations, who reads their reports and action plans (never respondents' names or
addresses), and whose every page of an organisation is in that organisation's logboek."""
