from newsline.newsroom.models import AuditEntry


def record_audit(*, user, action: str, article=None, subject: str = "", **details) -> AuditEntry:
    """Log an action on the newsroom's record (publish, schedule, withdraw, restore, …)."""
    return AuditEntry.objects.create(
        user=user if getattr(user, "pk", None) else None,
        action=action,
        article=article,
        subject=(subject or (article.headline if article else ""))[:300],
        details=details,
    )
