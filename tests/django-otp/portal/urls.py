"""Two admin sites of the test portal.

/admin/     Django's admin, password only: where a signed-in user opens the
            TOTP device and sees its QR code (django-otp's own config page,
            an <img> whose URL answers image/svg+xml drawn by python3-qrcode).
/otpadmin/  django_otp.admin.OTPAdminSite: username, password and "OTP Token".
/qr/...     the signed-in user's QR code as SVG in every form (qr_views.py).
"""
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.urls import path
from django_otp.admin import OTPAdminSite
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import qr_views

otp_admin = OTPAdminSite(OTPAdminSite.name)
# Its own titles, so a scenario can tell which admin a page belongs to.
otp_admin.site_header = "Two-factor administration"
otp_admin.site_title = "Two-factor admin"
otp_admin.register(User, UserAdmin)
otp_admin.register(Group, GroupAdmin)
otp_admin.register(TOTPDevice, TOTPDeviceAdmin)



class OwnDevicesAdmin(TOTPDeviceAdmin):
    """The password-only admin lists a user's own devices only, each with its
    "qrcode" link; the device's change page (which shows the key in hex) is
    never needed to reach the QR code."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user=request.user)


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, OwnDevicesAdmin)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("otpadmin/", otp_admin.urls),
    path("qr/svg/<str:factory>/<int:box>/<int:border>/", qr_views.svg),
    path("qr/<str:form>/<str:factory>/<int:box>/<int:border>/", qr_views.page),
]
