import Foundation

/// An sRGB colour with alpha, components in 0…1.
struct Color: Sendable, Equatable {
    var red: Double
    var green: Double
    var blue: Double
    var alpha: Double = 1

    /// A colour from `0xRRGGBB`.
    init(hex: UInt32, alpha: Double = 1) {
        red = Double((hex >> 16) & 0xFF) / 255
        green = Double((hex >> 8) & 0xFF) / 255
        blue = Double(hex & 0xFF) / 255
        self.alpha = alpha
    }

    init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    func with(alpha: Double) -> Color {
        Color(red: red, green: green, blue: blue, alpha: alpha)
    }

    /// Relative luminance (WCAG), to pick black or white text on top of this colour.
    var luminance: Double {
        func linear(_ c: Double) -> Double { c <= 0.039_28 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// The point `t` (0…1) of the way from `self` to `other`.
    func mixed(with other: Color, _ t: Double) -> Color {
        Color(
            red: red + (other.red - red) * t, green: green + (other.green - green) * t,
            blue: blue + (other.blue - blue) * t, alpha: alpha + (other.alpha - alpha) * t
        )
    }

    static let white = Color(hex: 0xFFFFFF)
    static let text = Color(hex: 0x222222)
    static let mutedText = Color(hex: 0x555555)
    static let axis = Color(hex: 0x888888)
    static let grid = Color(hex: 0xE6E6E6)
    static let zeroLine = Color(hex: 0x444444)
    static let missing = Color(hex: 0xEEEEEE)
    static let hatch = Color(hex: 0xB8B8B8)
    static let loss = Color(hex: 0xD62728)

    /// Series colours (the Tableau 10 order, which stays distinguishable for most colour-blind readers).
    static let palette: [Color] = [
        0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF,
    ].map { Color(hex: $0) }

    static func series(_ index: Int) -> Color { palette[index % palette.count] }
}
