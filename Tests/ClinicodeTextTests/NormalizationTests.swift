import ClinicodeCore
@testable import ClinicodeText
import Testing

@Suite("Normalisation")
struct NormalizationTests {
    @Test("Case, accents and width fold together", arguments: ["Ménière", "Meniere", "MENIERE", "ＭＥＮＩＥＲＥ", "MÉNIÈRE", "Me\u{301}nie\u{300}re"])
    func menieres(_ spelling: String) {
        #expect(analyzer.normalize(spelling) == "meniere")
        #expect(analyzer.tokenize(spelling).map(\.normalized) == ["meniere"])
    }

    @Test func nfkcCompatibilityForms() {
        #expect(analyzer.normalize("ﬁbrosis") == "fibrosis")
        #expect(analyzer.normalize("Straße") == "strasse")
        #expect(analyzer.normalize("１２") == "12")
        #expect(analyzer.normalize("Sjögren") == "sjogren")
    }

    @Test("British spellings fold to American", arguments: [
        ("haemorrhage", "hemorrhage"), ("Oedema", "edema"), ("oesophagus", "esophagus"),
        ("anaemia", "anemia"), ("tumour", "tumor"), ("tumours", "tumors"), ("haematoma", "hematoma"),
        ("leukaemia", "leukemia"), ("diarrhoea", "diarrhea"), ("paediatric", "pediatric"),
        ("oestrogen", "estrogen"), ("foetal", "fetal"), ("ischaemia", "ischemia"), ("ischaemic", "ischemic"),
        ("haemoglobin", "hemoglobin"), ("coeliac", "celiac"), ("fibre", "fiber"), ("centre", "center"),
        ("litre", "liter"), ("anaesthesia", "anesthesia"), ("orthopaedic", "orthopedic"),
        ("gynaecology", "gynecology"), ("behaviour", "behavior"), ("colour", "color"),
        ("septicaemia", "septicemia"), ("hypokalaemia", "hypokalemia"), ("lymphoedema", "lymphedema"),
        ("haemodynamically", "hemodynamically"), ("amenorrhoea", "amenorrhea"), ("dyspnoea", "dyspnea"),
        ("hospitalisation", "hospitalization"), ("Hæmorrhage", "hemorrhage"),
    ])
    func britishToAmerican(_ pair: (String, String)) {
        #expect(analyzer.normalize(pair.0) == pair.1)
    }

    @Test("American spellings and lookalikes stay", arguments: [
        "hemorrhage", "edema", "anemia", "tumor", "four", "hour", "centrifuge", "haematologist".replacingOccurrences(of: "a", with: "a"),
    ])
    func americanUnchanged(_ word: String) {
        let expected = word == "haematologist" ? "hematologist" : word
        #expect(analyzer.normalize(word) == expected)
    }

    /// Plain words are normalised on a fast path (short ones packed in
    /// registers, the spelling rules ruled out by filters on their ends);
    /// whole-word normalisation takes the general path. Both must agree, at
    /// every length boundary and for endings a suffix rule shares its last
    /// bytes with ("-ation" and "-isation").
    @Test("Tokenised words fold like normalised words", arguments: [
        ("A", "a"), ("Of", "of"), ("GREY", "gray"), ("Tumour", "tumor"), ("oedemas", "edemas"),
        ("alise", "alise"), ("realise", "realize"), ("HAEMATOMAS", "hematomas"), ("Examination", "examination"),
        ("medications", "medications"), ("lesions", "lesions"), ("using", "using"), ("Catheterisation", "catheterization"),
        ("ABCDEFGHIJKLMNO", "abcdefghijklmno"), ("Hospitalisations", "hospitalizations"),
        ("hypercholesterolaemia", "hypercholesterolemia"), ("Tumour-like", "tumor-like"), ("non-Tumour", "non-tumor"),
    ])
    func fastPathAgrees(_ pair: (String, String)) {
        #expect(analyzer.normalize(pair.0) == pair.1)
        #expect(analyzer.tokenize(pair.0).map(\.normalized) == [pair.1])
    }

    @Test func hyphenatedPartsFoldSeparately() {
        #expect(analyzer.tokenize("post-haemorrhagic oedema-related")
            .map(\.normalized) == ["post-hemorrhagic", "edema-related"])
    }

    @Test func spellingFoldsOnlyWords() {
        let rules = TextRules()
        let plain = TextAnalyzer(rules: rules)
        #expect(plain.normalize("Oedema") == "oedema")
    }
}

@Suite("Latin fast path agrees with ICU")
struct LatinFastPathTests {
    /// Every Latin-1 / Latin Extended letter, alone and inside a word, folds
    /// the same through the table as through ICU with a combining mark
    /// forcing the ICU path (the mark is stripped either way).
    @Test func everyLatinScalar() {
        for value in UInt32(0x80)..<0x250 {
            guard let scalar = Unicode.Scalar(value), scalar.properties.isAlphabetic else { continue }
            let word = "x" + String(Character(scalar)) + "y"
            let viaICU = "x" + String(Character(scalar)) + "y\u{0301}"
            #expect(analyzer.normalize(word) == analyzer.normalize(viaICU), "U+\(String(value, radix: 16))")
        }
    }

    /// The Latin fold table made in one ICU pass is the one made scalar by scalar.
    @Test func batchedLatinFoldsMatchOneByOne() {
        let batched = Normalizer.latinFolds(batched: true)
        let single = Normalizer.latinFolds(batched: false)
        #expect(batched.starts == single.starts)
        #expect(batched.bytes == single.bytes)
    }

    @Test func accentedBritishSpellingStillFolds() {
        #expect(analyzer.normalize("Œdème") == "edeme")
        #expect(analyzer.normalize("ANÆMIA") == "anemia")
    }
}
