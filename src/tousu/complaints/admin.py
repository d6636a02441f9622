from django.contrib import admin

from tousu.complaints.models import Complaint, Consumer, Event, Evidence, Message


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "action", "from_state", "to_state", "actor", "actor_role", "note",
                       "created_at")


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    readonly_fields = ("author", "side", "created_at")


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ("ref", "title", "merchant", "state", "channel", "amount", "submitted_at",
                    "response_due_at")
    list_filter = ("state", "channel", "visibility", "merchant__industry")
    search_fields = ("ref", "title", "merchant__name")
    raw_id_fields = ("consumer", "merchant", "submitted_by")
    # State changes go through the lifecycle (API or UI), never a raw edit here.
    readonly_fields = ("ref", "state", "state_reason", "personal_data_removed_at", "idempotency_scope", "idempotency_key",
                       "request_fingerprint", "submitted_at", "accepted_at", "forwarded_at",
                       "first_response_at", "resolved_at", "closed_at")
    inlines = [MessageInline, EventInline]


@admin.register(Consumer)
class ConsumerAdmin(admin.ModelAdmin):
    list_display = ("id", "user", "created_at", "erased_at")
    raw_id_fields = ("user",)


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("complaint", "name", "mime", "size", "uploaded_at")
    raw_id_fields = ("complaint", "uploaded_by")
