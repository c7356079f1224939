from django.apps import AppConfig


class CliniciansConfig(AppConfig):
    name = "clinicians"
    verbose_name = "Clinicians' side"

    def dashboard_figures(self, *, now, weeks):
        """The staff dashboard's figures about clinicians (intake.staff.dashboard)."""
        from clinicians.dashboard import figures

        return figures(now=now, weeks=weeks)
