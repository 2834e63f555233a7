from django.utils.translation import gettext_lazy as _


class ConcurrentEditError(Exception):
    """Someone else saved the same item since this form was opened."""

    message = _(
        "Someone else saved this item after you opened it. Your changes have not been saved "
        "but are still in the form: compare them with the current version (open the page in "
        "a new tab), then save again."
    )


class WorkflowError(Exception):
    """A step that the item's current state does not allow."""
