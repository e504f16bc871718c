"""Who gets in, and for how long: single sign-on over OpenID Connect (`sso.py`), local
passwords that an install can switch off (`passwords.py`), the second factor (TOTP and
recovery codes, `second_factor.py`) and the limits of a logged-in session (`sessions.py`).
Respondents never log in: nothing here touches their token links."""
