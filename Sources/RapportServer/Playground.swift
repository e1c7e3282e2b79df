/// The rule playground page served at `/` with `--playground`: one self-contained page, no network assets.
enum Playground {
    static let html = """
    <!doctype html><html><head><meta charset="utf-8"><title>Rapport playground</title></head><body>Rapport</body></html>
    """
}
