from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from tousu.accounts.models import ApiToken, User


@admin.register(User)
class TousuUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("tousu", {"fields": ("role", "merchant")}))
    list_display = ("username", "role", "merchant", "is_staff", "is_active")
    list_filter = ("role", "is_staff", "is_active")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "digest", "created_at", "last_used_at")
