"""A real OpenID provider for the single sign-on tests: django-oidc-provider (a maintained OP
implementation) run as a tiny Django project of its own, in a subprocess on a loopback port
(`run.py`). It signs its ID tokens with its own RSA key, publishes discovery and JWKS, and
has a login page of its own, as a municipality's identity provider would."""
