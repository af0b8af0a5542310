"""``kimcost explain`` (in progress)."""
