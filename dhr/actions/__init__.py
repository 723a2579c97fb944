"""The action plan: actions towards each recommendation, tracked to evidenced, approved completion."""
