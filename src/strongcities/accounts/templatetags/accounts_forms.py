"""Bootstrap rendering of form fields, for our forms and allauth's alike."""

from django import forms, template

register = template.Library()


def widget_class(field) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


@register.filter
def is_checkbox(field) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.simple_tag
def bootstrap_widget(field):
    """The field's widget with Bootstrap classes, invalid state and its errors described."""
    css = " ".join(filter(None, [field.field.widget.attrs.get("class", ""), widget_class(field)]))
    attrs = {"class": " ".join(dict.fromkeys(css.split()))}
    described = []
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        described.append(f"{field.auto_id}_errors")
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
