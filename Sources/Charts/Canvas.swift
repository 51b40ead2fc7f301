internal import CCairo
import Foundation

/// A Cairo image surface and its context, owned by one chart while it draws; only this type touches Cairo.
final class Canvas {
    enum HAlign { case left, center, right }
    enum VAlign { case baseline, top, middle, bottom }

    let width: Double
    let height: Double
    private let surface: OpaquePointer
    private let cr: OpaquePointer

    init(size: ChartSize) throws(ChartError) {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(size.width), Int32(size.height))
        guard let surface, cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            if let surface { cairo_surface_destroy(surface) }
            throw ChartError(.rendering, "Cairo could not create a \(size.width)×\(size.height) image", hint: "check free memory")
        }
        guard let cr = cairo_create(surface), cairo_status(cr) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw ChartError(.rendering, "Cairo could not create a drawing context", hint: "check free memory")
        }
        self.surface = surface
        self.cr = cr
        width = Double(size.width)
        height = Double(size.height)
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        setColor(.white)
        cairo_paint(cr)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    // MARK: Paths

    func setColor(_ color: Color) {
        cairo_set_source_rgba(cr, color.red, color.green, color.blue, color.alpha)
    }

    func setLine(width: Double, dash: [Double] = []) {
        cairo_set_line_width(cr, width)
        dash.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
    }

    func move(_ x: Double, _ y: Double) { cairo_move_to(cr, x, y) }
    func line(_ x: Double, _ y: Double) { cairo_line_to(cr, x, y) }
    func close() { cairo_close_path(cr) }
    func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double) { cairo_rectangle(cr, x, y, w, h) }
    func circle(_ x: Double, _ y: Double, radius: Double) {
        cairo_new_sub_path(cr)
        cairo_arc(cr, x, y, radius, 0, 2 * Double.pi)
    }

    func stroke(_ color: Color, width: Double = 1, dash: [Double] = []) {
        setColor(color)
        setLine(width: width, dash: dash)
        cairo_stroke(cr)
    }

    func fill(_ color: Color) {
        setColor(color)
        cairo_fill(cr)
    }

    /// A one-pixel line on whole pixels, so grid lines stay sharp instead of smearing over two rows.
    func hairline(from a: (Double, Double), to b: (Double, Double), _ color: Color, width: Double = 1, dash: [Double] = []) {
        move(crisp(a.0), crisp(a.1))
        line(crisp(b.0), crisp(b.1))
        stroke(color, width: width, dash: dash)
    }

    func crisp(_ v: Double) -> Double { v.rounded(.down) + 0.5 }

    func clip(_ x: Double, _ y: Double, _ w: Double, _ h: Double) {
        cairo_save(cr)
        cairo_rectangle(cr, x, y, w, h)
        cairo_clip(cr)
    }

    func unclip() { cairo_restore(cr) }

    // MARK: Text

    private func setFont(size: Double, bold: Bool) {
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
    }

    /// The advance width of `text` in pixels.
    func textWidth(_ text: String, size: Double, bold: Bool = false) -> Double {
        setFont(size: size, bold: bold)
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, text, &extents)
        return extents.x_advance
    }

    /// Draws `text` anchored at (x, y), optionally rotated by `angle` radians about the anchor.
    func text(
        _ text: String, x: Double, y: Double, size: Double, color: Color = .text, bold: Bool = false,
        h: HAlign = .left, v: VAlign = .baseline, angle: Double = 0, halo: Bool = false
    ) {
        guard !text.isEmpty else { return }
        setFont(size: size, bold: bold)
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, text, &extents)
        var font = cairo_font_extents_t()
        cairo_font_extents(cr, &font)
        let dx: Double = switch h {
        case .left: 0
        case .center: -extents.x_advance / 2
        case .right: -extents.x_advance
        }
        // Font (not ink) extents, so labels of one row share a baseline whatever their glyphs.
        let capHeight = font.ascent * 0.72
        let dy: Double = switch v {
        case .baseline: 0
        case .top: capHeight
        case .middle: capHeight / 2
        case .bottom: -font.descent
        }
        cairo_save(cr)
        cairo_translate(cr, x, y)
        cairo_rotate(cr, angle)
        if halo {
            cairo_rectangle(cr, dx - 3, dy - capHeight - 3, extents.x_advance + 6, capHeight + font.descent + 6)
            setColor(Color.white.with(alpha: 0.85))
            cairo_fill(cr)
        }
        cairo_move_to(cr, dx, dy)
        setColor(color)
        cairo_show_text(cr, text)
        cairo_restore(cr)
    }

    // MARK: Output

    /// The image as PNG bytes, encoded in memory.
    func png() throws(ChartError) -> Data {
        cairo_surface_flush(surface)
        var buffer = Data()
        let status = withUnsafeMutablePointer(to: &buffer) { pointer in
            cairo_surface_write_to_png_stream(surface, { closure, bytes, length in
                guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
                closure.assumingMemoryBound(to: Data.self).pointee.append(bytes, count: Int(length))
                return CAIRO_STATUS_SUCCESS
            }, pointer)
        }
        guard status == CAIRO_STATUS_SUCCESS, cairo_status(cr) == CAIRO_STATUS_SUCCESS else {
            let reason = String(cString: cairo_status_to_string(status == CAIRO_STATUS_SUCCESS ? cairo_status(cr) : status))
            throw ChartError(.rendering, "Cairo failed to draw or encode the chart: \(reason)", hint: "report this with the inputs that caused it")
        }
        return buffer
    }
}
