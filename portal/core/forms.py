from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    """Forms render with the NL Design System form-field pattern and an error summary."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/form_field.html"
