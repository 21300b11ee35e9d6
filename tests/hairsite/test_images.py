import io

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from articles.models import Section
from hairsite.images import ALT_TEXT_PLACEHOLDER
from tests.factories import make_article, make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def image_bytes(image_format: str, size=(8, 6), **save_options) -> bytes:
    output = io.BytesIO()
    mode = "RGB" if image_format == "JPEG" else "RGBA"
    Image.new(mode, size, (200, 30, 30)).save(
        output, format=image_format, **save_options
    )
    return output.getvalue()


def upload(client, data: bytes, name: str = "photo.png"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("image_upload"), {"image": file})


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    ("image_format", "extension", "content_type"),
    [
        ("PNG", "png", "image/png"),
        ("JPEG", "jpg", "image/jpeg"),
        ("WEBP", "webp", "image/webp"),
        ("GIF", "gif", "image/gif"),
    ],
)
def test_editor_uploads_an_image_stored_under_a_random_name_of_its_real_type(
    client, media_root, image_format, extension, content_type
):
    client.force_login(make_editor())
    # The name and its extension lie; the bytes decide.
    response = upload(client, image_bytes(image_format), name="holiday.html")
    assert response.status_code == 200
    code = response.json()["image_code"]
    assert code.startswith(f"![{ALT_TEXT_PLACEHOLDER}](/media/images/")
    url = code[code.index("(") + 1 : -1]
    assert url.endswith(f".{extension}")
    assert "holiday" not in url
    served = client.get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == content_type
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in served["Cache-Control"]
    assert "sandbox" in served["Content-Security-Policy"]
    assert (
        Image.open(io.BytesIO(b"".join(served.streaming_content))).format
        == image_format
    )


def test_upload_drops_exif_and_gps_data(client, media_root):
    client.force_login(make_editor())
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPSInfo: latitude
    response = upload(client, image_bytes("JPEG", exif=exif.tobytes()))
    assert response.status_code == 200
    (stored,) = stored_files(media_root)
    with Image.open(stored) as image:
        assert not image.getexif()
    assert b"CameraMaker" not in stored.read_bytes()


def test_upload_drops_a_payload_appended_after_the_pixels(client, media_root):
    client.force_login(make_editor())
    polyglot = image_bytes("PNG") + b"<script>alert(1)</script><html>"
    assert upload(client, polyglot).status_code == 200
    (stored,) = stored_files(media_root)
    assert b"<script>" not in stored.read_bytes()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (SVG, "drawing.svg"),
        (SVG, "drawing.png"),
        (b"<html><script>alert(1)</script></html>", "page.gif"),
        (b"GIF89a<script>alert(1)</script>", "fake.gif"),
        (b"%PDF-1.4 not an image", "paper.jpg"),
        (b"", "empty.png"),
        (image_bytes("BMP"), "bitmap.bmp"),
        (image_bytes("TIFF"), "scan.tiff"),
        (image_bytes("PNG")[:40], "truncated.png"),
    ],
    ids=["svg", "svg-as-png", "html-as-gif", "gif-magic-then-script", "pdf", "empty",
         "bmp", "tiff", "truncated"],
)  # fmt: skip
def test_upload_refuses_anything_but_the_four_image_formats(
    client, media_root, data, name
):
    client.force_login(make_editor())
    response = upload(client, data, name=name)
    assert response.status_code == 400
    assert "PNG, JPEG, WebP or GIF" in response.json()["error"]
    assert stored_files(media_root) == []


def test_upload_refuses_an_image_over_the_size_limit(client, settings, media_root):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1000
    client.force_login(make_editor())
    response = upload(client, image_bytes("PNG", size=(400, 400)))
    assert response.status_code in (400, 413)
    assert "large" in response.json()["error"] or "at most" in response.json()["error"]
    assert stored_files(media_root) == []


def test_upload_refuses_a_decompression_bomb(client, media_root):
    client.force_login(make_editor())
    bomb = image_bytes("PNG", size=(8000, 8000), optimize=True)  # 64 MP, a few KB
    response = upload(client, bomb)
    assert response.status_code == 400
    assert stored_files(media_root) == []


def test_upload_without_a_file_is_a_clear_400(client):
    client.force_login(make_editor())
    response = client.post(reverse("image_upload"), {})
    assert response.status_code == 400
    assert "image" in response.json()["error"]


@pytest.mark.parametrize("who", ["anonymous", "visitor", "staff-without-permission"])
def test_upload_answers_only_editors(client, media_root, who):
    if who == "visitor":
        client.force_login(User.objects.create_user("visitor"))
    elif who == "staff-without-permission":
        client.force_login(User.objects.create_user("staff", is_staff=True))
    response = upload(client, image_bytes("PNG"))
    assert response.status_code == 403
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    "path",
    ["images/../../settings.py", "images/nope.png", "other/x.png", "images/a.html"],
)
def test_media_route_serves_only_stored_images(client, path):
    assert client.get(f"/media/{path}").status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        "![](/media/images/x.png)",
        "![   ](/media/images/x.png)",
        f"![{ALT_TEXT_PLACEHOLDER}](/media/images/x.png)",
        '<img src="/media/images/x.png">',
    ],
)
def test_markdown_with_an_undescribed_image_is_refused(body):
    section = Section(article=make_article(), heading="Pictures", body=body)
    with pytest.raises(ValidationError, match="Describe every image"):
        section.full_clean()


def test_markdown_with_described_images_is_accepted():
    body = "![Hair follicle under a microscope](/media/images/x.png)"
    Section(article=make_article(), heading="Pictures", body=body).full_clean()
