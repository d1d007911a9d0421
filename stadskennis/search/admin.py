from django.contrib import admin

from stadskennis.search.models import Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["terms", "updated_at"]
    search_fields = ["terms"]
