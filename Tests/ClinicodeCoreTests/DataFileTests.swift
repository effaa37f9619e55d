import ClinicodeCore
import Testing

@Suite struct DataFileTests {
    @Test func skipsCommentsAndBlankLinesAndKeepsLineNumbers() {
        let file = DataFile(text: "# a\tb\nx\t y \n\n  \nz\tw\n", source: "t.tsv")
        #expect(file.rows.map(\.fields) == [["x", "y"], ["z", "w"]])
        #expect(file.rows.map(\.line) == [2, 5])
    }

    @Test func splitsCRLFLines() {
        let file = DataFile(text: "a\t1\r\nb\t2\r\n# c\r\nd\t3", source: "crlf.tsv")
        #expect(file.rows.map(\.fields) == [["a", "1"], ["b", "2"], ["d", "3"]])
        #expect(file.rows.map(\.line) == [1, 2, 4])
    }

    @Test func shortRowsReadEmptyFields() {
        let row = DataFile(text: "only", source: "s").rows[0]
        #expect(row[0] == "only")
        #expect(row[3] == "")
    }

    @Test func missingFileIsAnErrorNamingIt() {
        #expect(throws: DataFileError.unreadable(path: "/nonexistent/x.tsv")) {
            _ = try DataFile(path: "/nonexistent/x.tsv")
        }
    }
}
