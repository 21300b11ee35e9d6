from django import template

from ..models import Disclaimer

register = template.Library()


@register.inclusion_tag("includes/disclaimer.html", takes_context=True)
def disclaimer(context: template.Context, key: str) -> dict[str, Disclaimer]:
    """Render the required disclaimer `key`, whatever the database holds."""
    stored = context.get("disclaimers")
    # Without the context processor (the 500 page) the built-in wording stands
    # in: the database may be why the page failed.
    found = stored[key] if stored is not None else Disclaimer.builtin(key)
    return {"disclaimer": found}
