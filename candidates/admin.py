from django.contrib import admin

from .models import JobAlert


@admin.register(JobAlert)
class JobAlertAdmin(admin.ModelAdmin):
    list_display = ["email", "query", "frequency", "confirmed_at", "last_run_at"]
    list_filter = ["frequency", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "query"]
    # Deliveries are the record that keeps alerts from repeating; nobody edits them here.
    readonly_fields = ["created_at", "confirmed_at", "last_run_at"]
