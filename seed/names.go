package seed

import (
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// nameLanguages are the languages whose CLDR country names become aliases,
// so every country answers to its name as the world's analysts write it.
var nameLanguages = []string{"en", "id", "ru", "fr", "es", "ar", "zh", "zh-Hant", "de", "pt", "ja", "ko", "fa", "tr", "hi", "uk", "vi"}

var regionNamers = func() []display.Namer {
	out := make([]display.Namer, len(nameLanguages))
	for i, l := range nameLanguages {
		out[i] = display.Regions(language.MustParse(l))
	}
	return out
}()

// countryNames returns a country's name in each of nameLanguages, from the
// CLDR data in golang.org/x/text, for its ISO 3166-1 alpha-2 code.
func countryNames(iso2 string) []string {
	region, err := language.ParseRegion(iso2)
	if err != nil {
		return nil
	}
	var names []string
	for _, n := range regionNamers {
		if name := n.Name(region); name != "" {
			names = append(names, name)
		}
	}
	return names
}

// withNames adds names to aliases, keeping the first spelling of each and
// never repeating the entity's own name.
func withNames(name string, aliases, names []string) []string {
	seen := map[string]bool{name: true}
	out := []string{}
	for _, a := range append(append([]string{}, aliases...), names...) {
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	return out
}
