package app;

import java.util.Map;
import java.util.TreeMap;

/** Just enough JSON for flat records: an object's members, each value kept as its JSON text. */
public final class Json {
  private Json() {}

  /** text as a JSON string. */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    return out.append('"').toString();
  }

  private static final class Reader {
    final String text;
    int at;

    Reader(String text) {
      this.text = text;
    }

    Character peek() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++;
      return at < text.length() ? text.charAt(at) : null;
    }

    void expect(char c) {
      Character next = peek();
      if (next == null || next != c) throw new IllegalArgumentException("expected '" + c + "' at character " + at);
      at++;
    }

    String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (at < text.length()) {
        char c = text.charAt(at++);
        if (c == '"') return out.toString();
        if (c == '\\' && at < text.length()) c = text.charAt(at++);
        out.append(c);
      }
      throw new IllegalArgumentException("a string is not closed");
    }

    void value() {
      Character next = peek();
      if (next == null) throw new IllegalArgumentException("the text ends too early");
      if (next == '"') {
        string();
      } else if (next == '{' || next == '[') {
        char close = next == '{' ? '}' : ']';
        at++;
        if (Character.valueOf(close).equals(peek())) {
          at++;
          return;
        }
        while (true) {
          if (close == '}') {
            string();
            expect(':');
          }
          value();
          Character sep = peek();
          if (sep != null && sep == ',') at++;
          else if (sep != null && sep == close) {
            at++;
            return;
          } else throw new IllegalArgumentException("expected ',' or '" + close + "' at character " + at);
        }
      } else {
        int start = at;
        while (at < text.length() && ",}] \t\r\n".indexOf(text.charAt(at)) < 0) at++;
        String word = text.substring(start, at);
        if (!word.matches("true|false|null|-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?")) {
          throw new IllegalArgumentException("unexpected \"" + word + "\" at character " + start);
        }
      }
    }
  }

  /** The members of a JSON object, each value as its JSON text. */
  public static Map<String, String> parseObject(String text) {
    Reader reader = new Reader(text);
    Map<String, String> members = new TreeMap<>();
    reader.expect('{');
    if (Character.valueOf('}').equals(reader.peek())) {
      reader.at++;
    } else {
      while (true) {
        String key = reader.string();
        reader.expect(':');
        reader.peek();
        int start = reader.at;
        reader.value();
        members.put(key, text.substring(start, reader.at));
        Character sep = reader.peek();
        if (sep != null && sep == ',') reader.at++;
        else if (sep != null && sep == '}') {
          reader.at++;
          break;
        } else throw new IllegalArgumentException("expected ',' or '}' at character " + reader.at);
      }
    }
    if (reader.peek() != null) throw new IllegalArgumentException("there is more after the object");
    return members;
  }
}
