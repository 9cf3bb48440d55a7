package triagetest_test

import "github.com/tousu/tousu/rules"

// compileBytes parses and compiles one policy file.
func compileBytes(name string, src []byte, opts ...rules.Option) (*rules.Program, error) {
	p, err := rules.Parse(name, src, opts...)
	if err != nil {
		return nil, err
	}
	return rules.Compile(p, opts...)
}
