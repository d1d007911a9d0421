from django.contrib import admin

from stadskennis.network.models import Person, Workgroup


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "organisation", "function"]
    list_filter = ["organisation"]
    search_fields = ["first_name", "last_name", "email", "expertise"]
    filter_horizontal = ["themes"]


@admin.register(Workgroup)
class WorkgroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "lead_organisation", "visibility"]
    filter_horizontal = ["themes", "members"]
    prepopulated_fields = {"key": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).alive()
