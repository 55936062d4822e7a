package gui

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// prefExportFolder is where the last export went, for the next one.
const prefExportFolder = "export.folder"

// Why an export path cannot be used.
var (
	errExportEmpty    = errors.New("no file name")
	errExportNoFolder = errors.New("the folder does not exist")
	errExportIsFolder = errors.New("that is a folder")
)

// exportPath turns what the user typed into the file to write: a path
// relative to folder unless absolute, "~" for the home folder, and ".csv"
// added when the name has no extension.
func exportPath(typed, folder string) (string, error) {
	p := strings.TrimSpace(typed)
	if p == "" {
		return "", errExportEmpty
	}
	if p == "~" || strings.HasPrefix(p, "~/") || strings.HasPrefix(p, `~\`) {
		if home, err := os.UserHomeDir(); err == nil {
			p = filepath.Join(home, p[1:])
		}
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(folder, p)
	}
	p = filepath.Clean(p)
	if fi, err := os.Stat(p); err == nil && fi.IsDir() {
		return "", errExportIsFolder
	}
	if filepath.Ext(p) == "" {
		p += ".csv"
	}
	if fi, err := os.Stat(filepath.Dir(p)); err != nil || !fi.IsDir() {
		return "", errExportNoFolder
	}
	return p, nil
}

// exportFolder is where an export goes unless the user says otherwise: the
// folder of the last one, else Documents, else the home folder.
func exportFolder(prefs interface{ String(string) string }) string {
	if f := prefs.String(prefExportFolder); f != "" {
		if fi, err := os.Stat(f); err == nil && fi.IsDir() {
			return f
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "."
	}
	if docs := filepath.Join(home, "Documents"); isDir(docs) {
		return docs
	}
	return home
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// fileErrorText is a file error in words.
func fileErrorText(err error) string {
	switch {
	case errors.Is(err, errExportEmpty):
		return lang.X("export.no_name", "Enter a file name.")
	case errors.Is(err, errExportNoFolder):
		return lang.X("export.no_folder", "That folder does not exist.")
	case errors.Is(err, errExportIsFolder):
		return lang.X("export.is_folder", "That is a folder; add a file name.")
	case errors.Is(err, fs.ErrPermission):
		return lang.X("export.permission", "Portview may not write there. Choose another folder.")
	}
	return lang.X("export.io", "The file could not be written. The details are in the log.")
}

// showExportDialog asks where to save: the proposed file in the usual
// folder, a path that can be typed in full, and Browse… for the folder.
// save is called with the path to write.
func showExportDialog(u *UI, proposed string, save func(path string) error) {
	folder := exportFolder(u.cfg.Prefs)
	entry := widget.NewEntry()
	entry.SetText(filepath.Join(folder, proposed))
	problem := &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	problem.Hide()
	browse := widget.NewButton(lang.X("export.browse", "Browse…"), func() {
		dialog.ShowFolderOpen(func(dir fyne.ListableURI, err error) {
			if err != nil || dir == nil {
				return
			}
			entry.SetText(filepath.Join(dir.Path(), filepath.Base(entry.Text)))
		}, u.win)
	})
	var d *dialog.CustomDialog
	submit := func() {
		path, err := exportPath(entry.Text, folder)
		if err != nil {
			problem.SetText(fileErrorText(err))
			problem.Show()
			return
		}
		if _, err := os.Stat(path); err == nil {
			dialog.ShowConfirm(lang.X("export.replace_title", "Replace the file?"),
				lang.X("export.replace", "{{.File}} already exists in {{.Folder}}. Replace it?", map[string]any{"File": filepath.Base(path), "Folder": filepath.Dir(path)}),
				func(ok bool) {
					if ok {
						d.Hide()
						_ = save(path)
					}
				}, u.win)
			return
		}
		d.Hide()
		_ = save(path)
	}
	entry.OnSubmitted = func(string) { submit() }
	body := container.NewVBox(
		widget.NewLabel(lang.X("export.where", "Save the rows shown as a CSV file (opens in Excel, Numbers, LibreOffice):")),
		container.NewBorder(nil, nil, nil, browse, entry),
		problem)
	d = dialog.NewCustomWithoutButtons(lang.X("export.title", "Export CSV"), body, u.win)
	d.SetButtons([]fyne.CanvasObject{
		&widget.Button{Text: lang.X("Cancel", "Cancel"), Icon: theme.CancelIcon(), OnTapped: d.Hide},
		&widget.Button{Text: lang.X("export.save", "Save"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: submit},
	})
	d.Resize(fyne.NewSize(620, d.MinSize().Height))
	d.Show()
	u.win.Canvas().Focus(entry)
}
