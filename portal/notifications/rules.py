import rules

rules.add_perm("notifications.follow", rules.is_authenticated)
