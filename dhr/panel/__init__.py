"""The review panel: members' declarations of independence and confidentiality, and the panel checks (§4.4)."""
