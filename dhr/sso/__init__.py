"""Single sign-on with OpenID Connect: providers per partnership or organisation, routed by email domain."""
