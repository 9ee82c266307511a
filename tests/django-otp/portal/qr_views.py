"""The signed-in user's TOTP QR code as SVG in every form a page can carry it.

/qr/<form>/<factory>/<box>/<border>/ is a page with the code of the user's
first TOTP device drawn by python3-qrcode's SVG image factory <factory>
(SvgImage, SvgFragmentImage, SvgPathImage, SvgFillImage, SvgPathFillImage),
<box> units a module and a quiet zone of <border> modules, as
  url     <img src=".../svg/"> answering image/svg+xml (as django-otp's own view),
  data    <img src="data:image/svg+xml;base64,...">,
  inline  the <svg> element in the page.
Test scaffolding for proofup's SVG QR matrix; the admin's own QR page is
django-otp's (/admin/otp_totp/totpdevice/<pk>/config/).
"""
import base64

import qrcode
import qrcode.image.svg
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice

FACTORIES = ["SvgImage", "SvgFragmentImage", "SvgPathImage", "SvgFillImage", "SvgPathFillImage"]
FORMS = ["url", "data", "inline"]


def _svg(request, factory, box, border):
    if factory not in FACTORIES or not 1 <= box <= 100 or not 0 <= border <= 10:
        raise Http404("no such QR code")
    device = TOTPDevice.objects.filter(user=request.user).first()
    if device is None:
        raise Http404("no TOTP device")
    image = qrcode.make(device.config_url, image_factory=getattr(qrcode.image.svg, factory),
                        box_size=box, border=border)
    data = image.to_string()
    return data.decode() if isinstance(data, bytes) else data


@login_required(login_url="/admin/login/")
def svg(request, factory, box, border):
    return HttpResponse(_svg(request, factory, box, border), content_type="image/svg+xml")


@login_required(login_url="/admin/login/")
def page(request, form, factory, box, border):
    if form not in FORMS:
        raise Http404("no such form")
    markup = _svg(request, factory, box, border)
    if form == "url":
        image = f'<img src="/qr/svg/{factory}/{box}/{border}/" alt="QR code">'
    elif form == "data":
        encoded = base64.b64encode(markup.encode()).decode()
        image = f'<img src="data:image/svg+xml;base64,{encoded}" alt="QR code">'
    else:
        image = markup[markup.find("<svg"):] if "<svg" in markup else markup
    title = escape(f"{factory} box {box} border {border} ({form})")
    return HttpResponse(f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
                        f"<h1>Scan this QR code</h1><p>{title}</p>{image}</body></html>")
