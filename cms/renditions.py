"""The image renditions the public site shows, named once so templates and tasks agree."""

CARD_RENDITION = "fill-480x270|format-webp"
HERO_RENDITION = "fill-1200x400|format-webp"
LOGO_RENDITION = "max-160x160|format-png"

PAGE_IMAGE_RENDITIONS = (CARD_RENDITION, HERO_RENDITION)


def prepare_page_renditions(page):
    """Create the card and hero renditions of a page's cover image; returns how many exist."""
    image = getattr(page, "cover_image", None)
    if image is None:
        return 0
    return len(image.get_renditions(*PAGE_IMAGE_RENDITIONS))
