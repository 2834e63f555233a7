import rules

from portal.accounts.rules import is_field_party, is_portal_staff, is_programme_manager

rules.add_perm("consultations.run", is_programme_manager)
rules.add_perm("consultations.view_all", is_portal_staff)
rules.add_perm("consultations.comment", is_field_party)
rules.add_perm("consultations.register", is_field_party)
