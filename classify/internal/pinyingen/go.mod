module github.com/tousu/tousu/classify/internal/pinyingen

go 1.26.0

require github.com/mozillazg/go-pinyin v0.21.0
