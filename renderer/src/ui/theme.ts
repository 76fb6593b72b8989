import { useEffect, useSyncExternalStore } from 'react';
import { resolveTheme, useSettings } from '../state/settings';

const query = window.matchMedia('(prefers-color-scheme: dark)');

function useSystemDark(): boolean {
  return useSyncExternalStore(
    (l) => {
      query.addEventListener('change', l);
      return () => query.removeEventListener('change', l);
    },
    () => query.matches,
  );
}

/** Puts the theme in force on <html data-theme>, which the stylesheets key on. */
export function useThemeAttribute(): void {
  const choice = useSettings((s) => s.values['ui.theme']);
  const systemDark = useSystemDark();
  const theme = resolveTheme(choice, systemDark);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}

export function useTheme() {
  return resolveTheme(useSettings((s) => s.values['ui.theme']), useSystemDark());
}
