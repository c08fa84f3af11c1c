import Experiments
import Render

extension MimeBundle {
    /// A table with its plot, as analysis values (`learning_curve`, `drift`) show
    /// themselves: the text form is `summary` and the table; the HTML holds the table and
    /// the plot (front ends show one type per output); SVG and PNG ride along for
    /// static renderers. Without a picture (drawing failed) the table stands alone.
    static func table(_ table: Table, summary: String, picture: MimeBundle?, alt: String) -> MimeBundle {
        var extra = ["text/html": table.html(), "text/markdown": table.markdown()]
        var metadata: [String: [String: Double]] = [:]
        if let picture {
            extra["text/html"]! += "\n" + LearningCurves.htmlImage(picture, alt: alt)
            extra["image/png"] = picture.data["image/png"]
            extra["image/svg+xml"] = picture.data["image/svg+xml"]
            metadata = picture.metadata
        }
        return MimeBundle(plain: summary + "\n" + table.plain(), extra: extra, metadata: metadata)
    }
}
