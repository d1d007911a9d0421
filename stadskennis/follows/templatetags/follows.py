from django import template

from stadskennis.follows.services import is_following

register = template.Library()


@register.inclusion_tag("follows/_button.html", takes_context=True)
def follow_button(context, kind: str, target):
    """A follow/unfollow button (a plain POST form) for logged-in members."""
    request = context["request"]
    user = request.user
    return {
        "show": user.is_authenticated,
        "kind": kind,
        "target": target,
        "following": is_following(user, kind, target),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
