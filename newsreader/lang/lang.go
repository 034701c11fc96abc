// Package lang tells which of the news reader's languages an article is
// written in: Indonesian, Russian or English. It is a cheap offline heuristic,
// not a general language identifier: Cyrillic script means Russian, otherwise
// the more frequent set of function words wins.
package lang

import (
	"strings"
	"unicode"
)

// The language codes the news reader handles (ISO 639-1).
const (
	Indonesian = "id"
	Russian    = "ru"
	English    = "en"
)

// cyrillicShare is the share of letters that must be Cyrillic for a text to
// count as Russian. Russian news quotes Latin names (NATO, Microsoft), and
// Indonesian or English news may quote a Russian name, hence not 0 or 1.
const cyrillicShare = 0.3

// Function words: frequent, short, and hardly ever found in the other language.
var (
	indonesianWords = wordSet(`yang dan dengan untuk di ini itu dari pada akan tidak
		bahwa telah dalam sebagai ke juga atau oleh adalah karena sudah kami mereka
		tersebut bisa dapat lebih saat secara antara para serta kata hingga setelah
		namun tetapi belum masih`)
	englishWords = wordSet(`the and of to with that is was for on has will not a an in
		are were be been by from as at it this have had which said would but its
		their they also`)
)

func wordSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}

// Detect returns "ru" when a good share of the text's letters are Cyrillic,
// otherwise "id" or "en", whichever language's function words occur more
// often. A tie, an empty text included, gives "en".
func Detect(text string) string {
	var letters, cyrillic int
	for _, r := range text {
		if unicode.IsLetter(r) {
			letters++
			if unicode.Is(unicode.Cyrillic, r) {
				cyrillic++
			}
		}
	}
	if letters > 0 && float64(cyrillic) >= cyrillicShare*float64(letters) {
		return Russian
	}

	var id, en int
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r)
	})
	for _, w := range words {
		if indonesianWords[w] {
			id++
		}
		if englishWords[w] {
			en++
		}
	}
	if id > en {
		return Indonesian
	}
	return English
}

// Valid reports whether code is one of the languages the news reader handles.
func Valid(code string) bool {
	switch code {
	case Indonesian, Russian, English:
		return true
	}
	return false
}
