from django.contrib import admin

from tousu.merchants.models import Merchant


@admin.register(Merchant)
class MerchantAdmin(admin.ModelAdmin):
    list_display = ("name", "industry", "commitment_signed_at", "is_active")
    list_filter = ("industry", "is_active")
    search_fields = ("name",)
